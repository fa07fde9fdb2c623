/** A module without a default export, for the loader's errors. */
export const nothing = null;
