import { FederationForm } from './FederationForm';
import { LdapForm } from './LdapForm';

/** Administration → Sign-in: the LDAP and federation modules, each a form with Save and Test. */
export function SignInSection() {
  return (
    <section aria-label="Sign-in">
      <h2>Sign-in</h2>
      <p>Test tries the settings as typed, without saving them, and says what it found or the step that failed.</p>
      <LdapForm />
      <FederationForm />
    </section>
  );
}
