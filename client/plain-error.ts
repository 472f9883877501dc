/**
 * What a person reads when something failed. onpoint's own errors (the server's messages, the app's) are
 * written for people; an error the browser or the JavaScript engine raised ("Invalid time value",
 * "Registration failed - permission denied") is not, and reads as a plain sentence instead.
 */
export function plainErrorText(error: Error): string {
  const raisedByPlatform = error instanceof DOMException || error instanceof TypeError || error instanceof RangeError;
  return raisedByPlatform
    ? 'Something went wrong on this device. Try again; if it keeps happening, reload onpoint.'
    : error.message;
}
