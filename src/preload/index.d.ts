import type { KulaApi } from './api';

declare global {
  interface Window {
    api: KulaApi;
  }
}

export {};
