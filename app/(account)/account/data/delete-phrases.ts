// What a person types to confirm deleting their account, in either language (the page
// asks for the one it is shown in; a person who switched language meanwhile is not
// refused). Kept in step with account.data.deletePhrase in messages/.
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";

export const deletePhrases = [en.account.data.deletePhrase, ru.account.data.deletePhrase].map((phrase) => phrase.toLocaleLowerCase());
