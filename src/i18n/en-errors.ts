import type { ErrorCode } from '../errors.ts';

/** API and UI error messages: one per code in `src/errors.ts`, written for the person who reads it. */
export const enErrors = {
  'errors.VALIDATION_FAILED': 'Some fields need attention. Check the highlighted fields and try again.',
  'errors.INVALID_JSON': 'The request body is not valid JSON.',
  'errors.UNAUTHENTICATED': 'Please sign in to continue.',
  'errors.INVALID_CREDENTIALS': 'The email or password is not correct.',
  'errors.INVALID_CREDENTIALS.lastAttempt':
    'The email or password is not correct. One attempt is left before sign-in pauses for 5 minutes.',
  'errors.FORBIDDEN': 'Your account does not have permission to do this.',
  'errors.CSRF_FAILED': 'This request could not be verified. Reload the page and try again.',
  'errors.NOT_FOUND': 'Nothing exists at this address.',
  'errors.PAYLOAD_TOO_LARGE': 'The request is too large (the limit is 1 MiB).',
  'errors.UNSUPPORTED_MEDIA_TYPE': 'Send the request body as application/json.',
  'errors.ACCOUNT_LOCKED': 'Too many failed attempts. Sign-in is paused until {until}.',
  'errors.RATE_LIMITED': 'Too many requests. Wait {seconds} seconds and try again.',
  'errors.INTERNAL_ERROR':
    'Something went wrong on our side. Try again; if it keeps happening, contact support with the reference below.',
  'errors.STAFF_EMAIL_TAKEN': 'A staff account with this email already exists.',
  'errors.STAFF_NOT_FOUND':
    'There is no staff account with this email. Create it with `onramp staff create`.',
  'errors.FRESH_SIGN_IN_REQUIRED':
    'For your security, sign out and sign in again, then create the API token within 10 minutes.',
  'errors.PASSWORD_SIGNIN_DISABLED':
    'Staff sign in with single sign-on here. Use "Sign in with SSO" on the console sign-in page.',
  'errors.SSO_NOT_CONFIGURED':
    'Single sign-on is not set up for this Onramp. Sign in with your email and password.',
  'errors.SSO_PROVIDER_UNAVAILABLE':
    'Your sign-in provider could not be reached. Try again in a minute; if it keeps failing, tell your Onramp administrator.',
  'errors.SSO_REQUEST_UNKNOWN':
    'This sign-in was not started in this browser, or it took longer than 10 minutes. Start again with "Sign in with SSO".',
  'errors.SSO_STATE_MISMATCH':
    'The answer from your sign-in provider does not belong to the sign-in started in this browser, so it was refused. Start again with "Sign in with SSO".',
  'errors.SSO_CODE_REJECTED':
    'Your sign-in provider did not accept this sign-in; it may have taken too long or been used already. Start again with "Sign in with SSO".',
  'errors.SSO_DENIED': 'The sign-in was cancelled at your sign-in provider. Start again when you are ready.',
  'errors.SSO_EMAIL_UNVERIFIED':
    'Your sign-in provider did not share a verified email address, which Onramp needs to know who you are. Ask your administrator.',
  'errors.SSO_NO_ROLE':
    'You signed in as {email}, but that account has no Onramp role yet. Ask your Onramp administrator to add you to a group that grants one.',
  'errors.SSO_ACCOUNT_CONFLICT':
    'The Onramp staff account {email} is linked to a different account at your sign-in provider. Ask your Onramp administrator.',
  'errors.API_TOKEN_NOT_FOUND': 'There is no API token with this ID that you can revoke.',
  'errors.SUBSCRIPTION_NOT_FOUND': 'No subscription has this ID.',
  'errors.SUBSCRIPTION_NOT_PENDING':
    'This subscription is {status}, so its activation email can no longer be sent.',
  'errors.ACTIVATION_LINK_INVALID':
    'Onramp does not recognize this link. Check that you copied the whole link from the email, or request a new activation email.',
  'errors.ACTIVATION_LINK_EXPIRED':
    'This activation link expired on {expiredAt}. Request a new activation email to continue.',
  'errors.ACTIVATION_LINK_REPLACED':
    'A newer activation email was sent, so this link no longer works. Use the link in the most recent email, or request a new one.',
  'errors.ACTIVATION_LINK_USED':
    'This activation link has already been used. Your organization exists: sign in, or contact your sales representative.',
  'errors.ACTIVATION_LINK_CANCELLED':
    'This subscription was cancelled, so the link no longer works. Contact your sales representative.',
  'errors.SHORT_NAME_TAKEN':
    'The short name {shortName} is already taken in this region. Try {suggestion}, or choose another.',
  'errors.PASSWORD_RESET_INVALID':
    'This reset link is not valid. Check that you opened the whole link from the email, or ask for a new one.',
  'errors.PASSWORD_RESET_EXPIRED':
    'This reset link has expired (links work for one hour). Ask for a new one.',
  'errors.PASSWORD_RESET_USED':
    'This reset link was already used. Sign in with your new password, or ask for a new link.',
  'errors.CURRENT_PASSWORD_INCORRECT': 'Your current password is not correct. Your password was not changed.',
  'errors.CURRENT_PASSWORD_INCORRECT.lastAttempt':
    'Your current password is not correct. One attempt is left before password checks pause for 5 minutes.',
  'errors.ORGANIZATION_CHOICE_REQUIRED':
    'This email address belongs to several organizations. Choose the organization to sign in to.',
  'errors.INVITATION_REPLACED':
    'A newer invitation email replaced this one. Use the link in the most recent invitation email.',
  'errors.INVITATION_INVALID':
    'This invitation link is not valid. Check that you copied the whole link, or ask for a new invitation.',
  'errors.INVITATION_EXPIRED':
    'This invitation expired on {expiredAt}. Ask the person who invited you to send a new one.',
  'errors.INVITATION_REVOKED':
    'This invitation was withdrawn. Ask the organization’s administrator if you still need access.',
  'errors.INVITATION_USED':
    'This invitation has already been accepted. Sign in with your email and password.',
  'errors.INVITATION_NOT_FOUND': 'Your organization has no invitation with this ID.',
  'errors.INVITATION_EXISTS': '{email} already has a pending invitation. Re-send it instead.',
  'errors.ALREADY_MEMBER': '{email} is already a member of this organization.',
  'errors.ORGANIZATION_NOT_FOUND': 'No organization has this ID.',
  'errors.CHECKS_FAILING':
    'These checks fail: {checks}. Fix them and run the checks again, or sign off with an override and notes explaining why.',
  'errors.EMAIL_NOT_FOUND': 'No email in the outbox has this ID.',
  'errors.WEBHOOK_ENDPOINT_NOT_FOUND': 'No webhook endpoint has this ID.',
  'errors.WEBHOOK_ENDPOINT_DISABLED':
    'This endpoint is disabled, so it receives nothing. Enable it first, then send the test event.',
  'errors.WEBHOOK_DELIVERY_NOT_FOUND': 'No webhook delivery has this ID.',
  'errors.WEBHOOK_DELIVERY_IN_FLIGHT':
    'This delivery is being sent right now. Wait for its result, then retry it if it failed.',
  'errors.RUN_NOT_FAILED': 'This run has not failed, so there is nothing to retry.',
  'errors.CONNECTOR_CALLBACK_INVALID': 'No connector step is waiting for a callback at this address.',
  'errors.CONNECTOR_CALLBACK_SIGNATURE':
    'The callback is not signed with this connector’s secret (webhook-id, webhook-timestamp, webhook-signature).',
  'errors.CONNECTOR_CALLBACK_SETTLED': 'This step is already settled; the callback changes nothing.',
} as const satisfies Record<`errors.${ErrorCode}` | `errors.${ErrorCode}.${string}`, string>;
