export declare const SERVICE_SIZE: { max: number; skipBlankLines: boolean; skipComments: boolean };
export declare const ROUTES_FUNCTION_SIZE: { max: number; skipBlankLines: boolean; skipComments: boolean };
