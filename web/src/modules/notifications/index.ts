// What other web modules and the account page use from notifications: follow buttons, feeds, the inbox and the settings (the inbox link is in its routes.tsx shell).
export { DigestScheduleForm } from './components/DigestScheduleForm';
export { FeedLink, FollowButton } from './components/FollowButton';
export { InboxList } from './components/InboxList';
export { NotificationSettings } from './components/NotificationSettings';
