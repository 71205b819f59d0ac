// The demo's comments and call-back names: what visitors of a Flemish agency write, mostly in
// Dutch, some in French and English. Improvement points come back often enough to stand out.

export type DemoLocale = 'nl' | 'fr' | 'en';

/** What a comment is about: an improvement point per weak dimension, or praise. */
export type Theme = 'waiting' | 'email-slow' | 'mistake' | 'building' | 'website' | 'unfriendly' | 'contradict' | 'hours' | 'praise';

type Texts = Record<DemoLocale, readonly ((n: number) => string)[]>;

export const COMMENTS: Record<Theme, Texts> = {
  waiting: {
    nl: [
      n => `Ik heb ${n + 25} minuten moeten wachten aan het loket.`,
      () => 'Veel te lang gewacht, er was maar één loket open.',
      () => 'De wachttijd was lang, voor de rest goed geholpen.',
      n => `Lange wachtrij, ${n + 10} mensen voor mij en maar twee medewerkers.`,
    ],
    fr: [n => `J’ai attendu ${n + 25} minutes au guichet.`, () => 'Attente beaucoup trop longue, un seul guichet ouvert.'],
    en: [n => `I waited ${n + 25} minutes at the counter.`],
  },
  'email-slow': {
    nl: [
      n => `Pas na ${n + 8} dagen een antwoord op mijn e-mail gekregen.`,
      () => 'Ik moest twee keer mailen voor ik een antwoord kreeg.',
      () => 'Het antwoord op mijn mail kwam erg laat.',
    ],
    fr: [n => `Réponse à mon e-mail seulement après ${n + 8} jours.`],
    en: [n => `It took ${n + 8} days to get an answer to my email.`],
  },
  mistake: {
    nl: [
      () => 'Mijn dossier was niet volledig doorgegeven, ik moest alles opnieuw uitleggen.',
      () => 'De afspraak werd niet nagekomen, niemand heeft teruggebeld.',
      () => 'Er stond een fout in de brief die ik kreeg.',
    ],
    fr: [() => 'Personne ne m’a rappelé comme promis.'],
    en: [() => 'Nobody called me back as promised.'],
  },
  building: {
    nl: [
      () => 'Parkeren bij het kantoor is bijna onmogelijk.',
      () => 'De wachtzaal is te klein en er zijn te weinig stoelen.',
      () => 'Het ticketsysteem aan de ingang werkte niet.',
    ],
    fr: [() => 'Impossible de se garer près du bureau.'],
    en: [() => 'The waiting room is too small.'],
  },
  website: {
    nl: [
      () => 'Op de website vond ik niet welke documenten ik moest meebrengen.',
      () => 'Het online formulier is onduidelijk, ik wist niet wat ik moest invullen.',
      () => 'Graag een afspraak online kunnen maken.',
    ],
    fr: [() => 'Le formulaire en ligne n’est pas clair.'],
    en: [() => 'The website does not say which documents to bring.', () => 'Please offer the information in English too.'],
  },
  unfriendly: {
    nl: [() => 'De medewerker was kortaf en luisterde niet echt.', () => 'Ik voelde me niet welkom.'],
    fr: [() => 'L’agent était peu aimable.'],
    en: [() => 'The staff member was rather curt.'],
  },
  contradict: {
    nl: [
      () => 'Aan de telefoon kreeg ik andere informatie dan aan het loket.',
      () => 'Twee medewerkers gaven me een verschillend antwoord.',
    ],
    fr: [() => 'On m’a donné des informations contradictoires.'],
    en: [() => 'I got different answers from different people.'],
  },
  hours: {
    nl: [() => 'Graag ook open op zaterdagvoormiddag.', () => 'Het kantoor sluit te vroeg voor wie voltijds werkt.'],
    fr: [() => 'Ouvert le samedi matin, ce serait bien.'],
    en: [() => 'Opening hours are hard to combine with a job.'],
  },
  praise: {
    nl: [
      () => 'Vriendelijk en snel geholpen, dank u!',
      () => 'Duidelijke uitleg, ik weet nu precies wat ik moet doen.',
      () => 'Heel behulpzame medewerker, top.',
      () => 'Alles vlot verlopen.',
      () => 'Snel antwoord en correct, prima.',
      () => 'Fijn dat iemand echt de tijd nam voor mijn vraag.',
    ],
    fr: [() => 'Accueil très aimable, merci.', () => 'Explications claires, merci beaucoup.'],
    en: [() => 'Friendly and quick, thank you!', () => 'Very helpful, thanks.'],
  },
};

/** Made-up people for the call-back requests; their addresses are on example.org. */
export const NAMES = [
  ['An', 'Peeters'],
  ['Jan', 'Janssens'],
  ['Marie', 'Maes'],
  ['Luc', 'Jacobs'],
  ['Sofie', 'Mertens'],
  ['Koen', 'Willems'],
  ['Els', 'Claes'],
  ['Tom', 'Goossens'],
  ['Nathalie', 'Dubois'],
  ['Pieter', 'Wouters'],
  ['Fatima', 'El Amrani'],
  ['Wim', 'De Smet'],
] as const;
