/**
 * The first published versions of the terms of use and the privacy notice (ro/en/hu). They are stored in
 * `users_notices` by the migration that creates it; a later version is published by adding a row (the
 * service's `publishNotice`), after which every signed-in person is asked to accept it again.
 * `{dpo}` is replaced by the city's data protection officer's address (or a sentence naming the city hall).
 */
import type { Multiloc } from '../../../core/i18n.js';

export const NOTICE_KINDS = ['terms', 'privacy'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
/** consents a person may give or withdraw at any time; none is needed to use the platform */
export const OPTIONAL_CONSENTS = ['public_name', 'email_digests', 'sms'] as const;
export type OptionalConsent = (typeof OPTIONAL_CONSENTS)[number];
export type ConsentKind = NoticeKind | OptionalConsent;

export const FIRST_VERSION = '2026-12-03';

export const FIRST_NOTICES: Record<NoticeKind, Multiloc> = {
  terms: {
    ro: 'Condiții de utilizare. Platforma Urbia este oferită de primărie pentru a urmări strategia orașului și pentru a participa: sesizări, propuneri, consultări, bugete participative. Scrieți cu respect; nu publicați date personale ale altora. Moderatorii pot ascunde conținut care încalcă legea sau aceste condiții și vă spun de ce. Ce ați publicat rămâne public și după ștergerea contului, fără numele dumneavoastră.',
    en: 'Terms of use. The Urbia platform is offered by the city hall for following the city strategy and for taking part: problem reports, proposals, consultations, participatory budgets. Write respectfully; do not publish other people’s personal data. Moderators may hide content that breaks the law or these terms and tell you why. What you published stays public after you delete your account, without your name.',
    hu: 'Felhasználási feltételek. Az Urbia platformot a városháza kínálja a városstratégia követésére és a részvételre: bejelentések, javaslatok, konzultációk, részvételi költségvetés. Írjon tisztelettel; ne tegye közzé mások személyes adatait. A moderátorok elrejthetik a törvénybe vagy e feltételekbe ütköző tartalmat, és megmondják, miért. Amit közzétett, a fiók törlése után is nyilvános marad, az Ön neve nélkül.',
  },
  privacy: {
    ro: 'Notă de informare privind datele personale (GDPR). Operator: primăria orașului. Ce prelucrăm: adresa de email, numele afișat, limba, parola (doar amprenta ei), sesiunile (browser, adresă IP), sesizările cu locul și fotografiile lor, propunerile, comentariile, răspunsurile la consultări, voturile, înscrierile la întâlniri. De ce: ca să vă răspundem, să vă anunțăm despre ce urmăriți și să arătăm public rezultatele (interes public, art. 6 alin. 1 lit. e GDPR; pentru opțiunile de mai jos, consimțământul dumneavoastră). Cât timp: cât aveți contul; sesiunile 30 de zile; exporturile 24 de ore; după ștergerea contului conținutul public rămâne anonim. Drepturile dumneavoastră: acces și export (pagina Contul meu), rectificare, ștergere, restricționare, opoziție, retragerea consimțământului oricând, plângere la ANSPDCP. Contact: responsabilul cu protecția datelor, {dpo}.',
    en: 'Privacy notice (GDPR). Controller: the city hall. What we process: your e-mail address, display name, language, password (only its hash), sessions (browser, IP address), problem reports with their place and photos, proposals, comments, consultation answers, votes, meeting registrations. Why: to answer you, to tell you about what you follow and to show results publicly (public task, GDPR Art. 6(1)(e); for the options below, your consent). For how long: as long as you keep your account; sessions 30 days; exports 24 hours; after you delete your account public content stays, anonymised. Your rights: access and export (the My account page), rectification, erasure, restriction, objection, withdrawing consent at any time, a complaint to the supervisory authority (ANSPDCP). Contact: the data protection officer, {dpo}.',
    hu: 'Adatvédelmi tájékoztató (GDPR). Adatkezelő: a városháza. Mit kezelünk: e-mail-cím, megjelenített név, nyelv, jelszó (csak a lenyomata), munkamenetek (böngésző, IP-cím), bejelentések helyükkel és fényképeikkel, javaslatok, hozzászólások, konzultációs válaszok, szavazatok, találkozókra való jelentkezések. Miért: hogy válaszoljunk, értesítsük arról, amit követ, és nyilvánosan mutassuk az eredményeket (közérdekű feladat, GDPR 6. cikk (1) e); az alábbi opcióknál az Ön hozzájárulása). Meddig: amíg fiókja van; munkamenetek 30 napig; exportok 24 óráig; a fiók törlése után a nyilvános tartalom névtelenül marad. Jogai: hozzáférés és export (Saját fiók oldal), helyesbítés, törlés, korlátozás, tiltakozás, a hozzájárulás bármikori visszavonása, panasz a felügyeleti hatóságnál (ANSPDCP). Kapcsolat: az adatvédelmi tisztviselő, {dpo}.',
  },
};

/** Said instead of an address when the city has not set its data protection officer's e-mail yet. */
export const NO_DPO: Multiloc = {
  ro: 'prin registratura primăriei',
  en: 'through the city hall’s registry',
  hu: 'a városháza iktatóján keresztül',
};
