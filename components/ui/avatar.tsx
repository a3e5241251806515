// A person's picture, or their initials when there is none.
export function Avatar({ src, name, alt, size = 64 }: { src?: string | null; name: string; alt: string; size?: number }) {
  const style = { width: size, height: size };
  if (src) {
    return <img src={src} alt={alt} style={style} className="rounded-full object-cover" referrerPolicy="no-referrer" />;
  }
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join("");
  return (
    <span
      role="img"
      aria-label={alt}
      style={style}
      className="inline-flex items-center justify-center rounded-full bg-brand-100 text-xl font-semibold text-brand-700"
    >
      {initials || "?"}
    </span>
  );
}
