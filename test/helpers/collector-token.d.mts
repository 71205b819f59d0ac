export const E2E_TOKEN: string;
