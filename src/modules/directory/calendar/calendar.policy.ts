/** Who sees which feed. Public feeds carry only public groups' meetings; the personal feed is reached by its secret token alone. */
export const calendarPolicy = {
  /** a group's feed follows the group's visibility (members-only groups: 404 to others, as the group page) */
  groupFeedPublic: (visibility: string) => visibility === 'public',
};
