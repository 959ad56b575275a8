/**
 * The teacher's register screens. Routes: `#/today` shows `TodayScreen`;
 * `#/register/<groupId>/<date>/<session>` shows `RegisterScreen`.
 */
export { RegisterScreen, type RegisterScreenProps } from './RegisterScreen.tsx';
export { TodayScreen } from './TodayScreen.tsx';
