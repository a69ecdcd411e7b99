/** Unit tests of main/menu.ts: the application menu. */
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate } from '../../../main/menu';

// Nothing here imports the `electron` package; if something did, this mock keeps the binary out.
vi.mock('electron', () => ({}));

describe('menu', () => {
  it('has menu shortcuts for every screen', () => {
    const sent: unknown[] = [];
    const go = menuTemplate((c) => sent.push(c), false).find((m) => m.label === 'Go')!;
    const items = go.submenu!.filter((i) => i.accelerator?.match(/CmdOrCtrl\+\d/));
    expect(items.map((i) => i.accelerator)).toEqual(['CmdOrCtrl+1', 'CmdOrCtrl+2', 'CmdOrCtrl+3', 'CmdOrCtrl+4', 'CmdOrCtrl+5', 'CmdOrCtrl+6']);
    items[2]!.click!();
    expect(sent).toEqual([{ kind: 'navigate', screen: 'membership' }]);
  });
});
