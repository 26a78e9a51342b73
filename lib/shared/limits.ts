/** The longest password accepted anywhere (nothing longer is ever hashed). */
export const PASSWORD_MAX_LENGTH = 256;

/** The longest name a passkey may have. */
export const PASSKEY_NAME_MAX_LENGTH = 60;
