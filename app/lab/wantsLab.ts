/**
 * Whether the address asks for the lab (`?view=lab`). Apart from labUrl.ts, whose settings parsing the
 * playground's first load does not need: the page reads only this before its first render.
 */
export const wantsLab = (search: string): boolean => new URLSearchParams(search).get('view') === 'lab';
