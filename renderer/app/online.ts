/** Whether the platform reports a network connection (`navigator.onLine`, live via the online/offline events). */
import { useEffect, useState } from 'react';

/** True while the browser/OS reports being online. */
export function usePlatformOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}
