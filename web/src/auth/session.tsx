import { createContext, useContext } from 'react';
import type { Me } from '../api/types';

/** The signed-in user, provided by the app shell once `GET /api/me` has returned. */
export const SessionContext = createContext<Me | null>(null);

/** Returns the signed-in user. Only pages inside the app shell may call it. */
export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useSession() called outside the signed-in app shell');
  return me;
}
