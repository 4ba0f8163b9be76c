// What the account, sign-up and layout pages use from privacy.
export { useNotices } from './api/queries';
export { ConsentGate } from './components/ConsentGate';
export { DeleteAccount } from './components/DeleteAccount';
export { YourData } from './components/YourData';
