/** A module whose default export is not an app, for the loader's errors. */
export default { catalog: 42 };
