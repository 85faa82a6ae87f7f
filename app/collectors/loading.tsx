// The same skeleton as the root: shown at once while this page's numbers are computed.
export { default } from '@/app/loading';
