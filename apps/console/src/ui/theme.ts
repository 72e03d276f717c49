import type { ThemeConfig } from 'antd';

/**
 * antd's defaults give white on #1677ff and grey secondary text below WCAG AA's 4.5:1 (axe flags
 * them): a darker blue and darker greys keep every text readable.
 */
export const consoleTheme: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    colorError: '#c4001d',
    colorLink: '#0958d9',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.68)',
    colorTextDescription: 'rgba(0, 0, 0, 0.68)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
  },
};

/** Status colours as text on a tint, each above 4.5:1. */
export const statusStyle: Record<string, { color: string; background: string; borderColor: string }> = {
  placed: { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' },
  assigned: { color: '#003eb3', background: '#e6f4ff', borderColor: '#91caff' },
  in_progress: { color: '#00474f', background: '#e6fffb', borderColor: '#87e8de' },
  completed: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  closed: { color: '#262626', background: '#fafafa', borderColor: '#d9d9d9' },
  cancelled: { color: '#820014', background: '#fff1f0', borderColor: '#ffa39e' },
  new: { color: '#613400', background: '#fffbe6', borderColor: '#ffe58f' },
};
