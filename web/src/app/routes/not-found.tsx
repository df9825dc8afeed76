import { Link } from 'react-router';
import { Page } from '../../components/ui/page.js';

export function NotFoundRoute() {
  return (
    <Page title="Nothing here" narrow>
      <p>
        This address is not a Herald page. <Link to="/">Go to Today</Link>
      </p>
    </Page>
  );
}
