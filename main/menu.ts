/**
 * The application menu: standard roles (edit, view, window) plus shortcuts for the main screens
 * (Ctrl/Cmd+1…6) and "Open evidence…" (Ctrl/Cmd+O). Commands go to the renderer as `MenuCommand`s.
 */
import type { MenuCommand } from '../shared/platform/api';
import { screens } from '../shared/platform/api';

/** A menu item as Electron's `Menu.buildFromTemplate` takes it (the subset used here). */
export interface MenuItemTemplate {
  label?: string;
  role?: string;
  type?: 'separator';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

const screenLabels: Record<(typeof screens)[number], string> = {
  counter: 'Counter',
  organisations: 'Organisations',
  membership: 'Membership',
  invoices: 'Invoices',
  sync: 'Sync',
  settings: 'Settings',
};

/** Builds the menu template; `send` delivers a command to the focused window's renderer. */
export function menuTemplate(send: (command: MenuCommand) => void, isMac: boolean): MenuItemTemplate[] {
  return [
    ...(isMac ? [{ role: 'appMenu' }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open evidence…', accelerator: 'CmdOrCtrl+O', click: () => send({ kind: 'open-evidence' }) },
        { type: 'separator' },
        { role: isMac ? 'close' : 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'Go',
      submenu: [
        ...screens.map((screen, i) => ({
          label: screenLabels[screen],
          accelerator: `CmdOrCtrl+${i + 1}`,
          click: () => send({ kind: 'navigate', screen }),
        })),
        { type: 'separator' as const },
        { label: 'Find', accelerator: 'CmdOrCtrl+F', click: () => send({ kind: 'find' }) },
      ],
    },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
}
