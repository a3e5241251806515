// A message box: good news as a status, a problem as an alert (read out at once).
const tones = {
  success: "border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-100",
  error: "border-red-200 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100",
};

export function Notice({ tone, children, className = "" }: { tone: keyof typeof tones; children: React.ReactNode; className?: string }) {
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-lg border p-3 text-sm ${tones[tone]} ${className}`}>
      {children}
    </div>
  );
}
