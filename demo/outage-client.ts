// Browser side of the dev-only outage switch (demo/dev-outage.ts): the agency and kiosk pages
// share it. The switch lives on the server, so every open page sees the same state.

const OUTAGE_URL = '/api/dev/outage';

/** Whether the collector is currently dropping answers, so a reloaded page shows the true state. */
export async function readOutage(): Promise<boolean> {
  const response = await fetch(OUTAGE_URL, { cache: 'no-store' });
  const { outage } = (await response.json()) as { outage: boolean };
  return outage;
}

/** Starts or ends the simulated outage. */
export async function setOutage(on: boolean): Promise<void> {
  await fetch(OUTAGE_URL, { method: 'POST', body: on ? 'on' : 'off' });
}
