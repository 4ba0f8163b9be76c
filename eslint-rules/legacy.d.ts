export declare const LEGACY: Record<'module-boundaries' | 'sql-in-repositories' | 'presenters-from-routes' | 'index-exports-no-repository' | 'max-lines' | 'max-lines-per-function', string[]>;
