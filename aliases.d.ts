export declare const aliases: Record<string, string>;
export declare function viteAliases(root: string): { find: RegExp; replacement: string }[];
export declare function unalias(spec: string): string | undefined;
