// What the account and sign-up pages use from privacy (the consent question is in its routes.tsx shell).
export { useNotices } from './api/queries';
export { DeleteAccount } from './components/DeleteAccount';
export { YourData } from './components/YourData';
