/** Minimum password length, following the ANSSI recommendation for passwords without MFA. */
export const MIN_PASSWORD_LENGTH = 12;

export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'too-short' | 'too-long' | 'same-as-email';

/** Returns the problems that make a password unacceptable, or an empty list when it is valid. */
export function checkPassword(password: string, email: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) problems.push('too-short');
  if (length > MAX_PASSWORD_LENGTH) problems.push('too-long');
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) problems.push('same-as-email');
  return problems;
}
