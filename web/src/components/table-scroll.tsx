import type { ReactNode } from 'react';

/**
 * The box a table scrolls sideways in on a narrow screen. It takes focus, so the keyboard can
 * scroll it too, and says what it holds.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
