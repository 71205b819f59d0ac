export const E2E_TOKEN: string;
export const E2E_SCOPES: readonly { token: string; context: Record<string, string> }[];
