export const E2E_TOKEN: string;
export function collectorEndpoint(ctx: unknown, next: () => Promise<void>): Promise<void>;
