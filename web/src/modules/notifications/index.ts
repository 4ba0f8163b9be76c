// What other web modules and the layout use from notifications: follow buttons, feeds, the inbox and the settings.
export { DigestScheduleForm } from './components/DigestScheduleForm';
export { FeedLink, FollowButton } from './components/FollowButton';
export { InboxLink } from './components/InboxLink';
export { InboxList } from './components/InboxList';
export { NotificationSettings } from './components/NotificationSettings';
