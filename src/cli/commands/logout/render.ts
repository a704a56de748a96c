/** The one line `logout` says (on stderr): the cache it removed, or that there was none. */
export function logoutText(removed: boolean, cachePath: string | undefined): string {
  return removed ? `signed out: removed the token cache ${cachePath}` : 'no cached sign-in to remove';
}
