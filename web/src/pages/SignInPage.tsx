/** Email and password; a clear message when they are wrong or when the server refuses. */
import { useState, type FormEvent } from "react";
import { ApiError } from "../api/client.js";
import { Logo } from "../components/TopNav.js";
import { useAuth } from "../hooks/useAuth.js";

export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const { signIn } = useAuth();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      onSignedIn();
    } catch (err) {
      setError(signInMessage(err));
      setPending(false);
    }
  };

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={handleSubmit} noValidate aria-labelledby="signin-title">
        <div className="signin-brand">
          <Logo />
          <span>Proactive</span>
        </div>
        <h1 id="signin-title">Sign in</h1>
        <p className="muted">Manage the activities that create results.</p>
        {error && (
          <div className="form-error" role="alert" data-testid="signin-error">
            {error}
          </div>
        )}
        <label className="field">
          <span>Email</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={error !== null}
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={error !== null}
          />
        </label>
        <button type="submit" className="button button-primary button-block" disabled={pending || !email || !password}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}

function signInMessage(err: unknown): string {
  if (!(err instanceof ApiError)) return "Something went wrong. Please try again.";
  if (err.status === 401) return "That email and password don't match. Check them and try again.";
  // The server's message says how long to wait.
  if (err.status === 429) return err.code === "rate_limited" ? err.message : "Too many sign-in attempts. Wait a few minutes, then try again.";
  if (err.status === 400 && err.fields.length > 0) return err.fields.map((f) => `${f.field}: ${f.reason}`).join("; ");
  return err.message;
}
