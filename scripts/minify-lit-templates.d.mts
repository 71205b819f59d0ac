import type { Plugin } from 'vite';

export declare const LIT_TEMPLATE_OPTIONS: { minifyOptions: Record<string, unknown> };
export declare function litTemplates(): Plugin;
export declare function litTemplatesEsbuild(): { name: string; setup(build: unknown): void };
export declare const TERSER_OPTIONS: Record<string, unknown>;
export declare function terserChunks(options?: { eager?: string[] }): Plugin;
export declare function terserMinify(code: string): Promise<string>;
