// Seed 004's e-mail survey: four items rated 1–5, labelled in Dutch and English. Plain JS so the
// browser tests, the Node tests and the test server's middleware share one fixture.

const rating = (id, nl, en) => ({ kind: 'rating', id, label: { nl, en }, required: true });

/** A fresh copy each call, so a test may change it. */
export function emailSurvey() {
  return {
    id: 'email-answer',
    version: 2,
    title: { nl: 'Uw mening over ons antwoord', en: 'Your view of our answer' },
    questions: [
      rating('speed', 'Snelheid van het antwoord', 'Speed of the answer'),
      rating('professionalism', 'Professionaliteit van de medewerker', 'Professionalism of the staff member'),
      rating('clarity', 'Duidelijkheid van de informatie', 'Clarity of the information'),
      rating('attention', 'Voldoende aandacht voor de vraag', 'Enough attention to the question'),
    ],
  };
}
