/** cc-dm's version; a test keeps it equal to deno.json's. */
export const VERSION = "2.0.0";
