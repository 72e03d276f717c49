import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, zh } from './messages';

export type Language = 'zh' | 'en';
const STORED = 'console.language';

/** Chinese unless the person chose English on this device. */
export const initialLanguage = (): Language => (localStorage.getItem(STORED) === 'en' ? 'en' : 'zh');

export function setLanguage(language: Language) {
  localStorage.setItem(STORED, language);
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  void i18next.changeLanguage(language);
}

void i18next.use(initReactI18next).init({
  resources: { zh: { translation: zh }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'zh',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = initialLanguage() === 'zh' ? 'zh-CN' : 'en';

export { i18next };
