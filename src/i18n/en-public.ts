/** Customer-facing pages outside the console. */
export const enPublic = {
  'home.title': 'Welcome to Onramp',
  'home.intro':
    'Onramp activates your organization: open the link in your activation email to choose your region, create your administrator account and invite your team.',
  'home.lostEmail': 'I did not get my activation email',
  'home.staff': 'Onramp staff console',

  'activationRequest.title': 'Get a new activation email',
  'activationRequest.intro':
    'Enter the email address your sales representative registered. If it belongs to a subscription awaiting activation, we send a new activation link; earlier links stop working.',
  'activationRequest.email': 'Email address',
  'activationRequest.submit': 'Send activation email',
  'activationRequest.sent':
    'Thank you. If this address belongs to a subscription awaiting activation, a new activation email is on its way. Check your inbox and spam folder.',
  'activationRequest.noSubscription':
    'No email after a few minutes? If you are from the sales team, contact a CX specialist. If you have an Onramp subscription, contact your sales representative.',
} as const;
