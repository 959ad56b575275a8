/** The top bar: the product and school, the role's navigation, who is signed in, sign out. */
import type { SignedIn } from '../../schema/auth.ts';
import { hrefOf } from '../../state/route.ts';
import type { ScreenRoute } from './routes.tsx';

export interface AppHeaderProps {
  readonly auth: SignedIn;
  readonly nav: readonly ScreenRoute[];
  /** The nav entry for the current screen, if it is one. */
  readonly current: ScreenRoute | null;
  readonly onSignOut: () => void;
}

/** More entries than this and the navigation takes a row of its own below the school's name. */
const SHORT_NAV = 4;

export function AppHeader({ auth, nav, current, onSignOut }: AppHeaderProps) {
  return (
    <header className={nav.length > SHORT_NAV ? 'app-header has-long-nav' : 'app-header'}>
      <div className="brand">
        <img className="brand-icon" src="/icon.svg" alt="" width="32" height="32" />
        <span className="brand-name">Rollcall</span>
        <span className="brand-school">{auth.school.name}</span>
      </div>
      <nav aria-label="Main" className="main-nav">
        <ul>
          {nav.map((route) => (
            <li key={route.pattern}>
              <a href={hrefOf(route.pattern)} aria-current={route === current ? 'page' : undefined}>
                {route.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="who">
        <span className="who-name">
          {auth.staff.name}
          <span className="who-position">{auth.staff.position}</span>
        </span>
        <button type="button" className="button button-on-dark" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
