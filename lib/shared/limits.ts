/** The longest password accepted anywhere (nothing longer is ever hashed). */
export const PASSWORD_MAX_LENGTH = 256;
