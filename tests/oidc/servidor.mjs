// A real OpenID Connect provider (npm oidc-provider) for the tests, with ClaveÚnica's claim
// shape: userinfo answers {sub, RolUnico: {numero, DV, tipo}, name: {nombres, apellidos},
// email}. Its sign-in page asks for a RUN and any password; consent is implied, as in
// ClaveÚnica. Configured by the environment (see tests/oidc/conftest.py). Loopback only.
import http from 'node:http';
import Provider from 'oidc-provider';

const puerto = Number(process.env.OIDC_PUERTO);
const emisor = `http://127.0.0.1:${puerto}`;

function personaDe(run) {
  const [numero, dv] = run.replace(/\./g, '').toUpperCase().split('-');
  return {
    sub: `cu-${numero}`,
    RolUnico: { numero: Number(numero), DV: dv ?? '', tipo: 'RUN' },
    name: { nombres: ['Persona'], apellidos: ['Prueba', numero] },
    email: `${numero}@claveunica.prueba`,
  };
}

const pagina = (titulo, cuerpo) => `<!doctype html><html lang="es"><head><meta charset="utf-8">
<title>${titulo}</title></head><body><main><h1>${titulo}</h1>${cuerpo}</main></body></html>`;

const proveedor = new Provider(emisor, {
  clients: [{
    client_id: process.env.OIDC_CLIENTE,
    client_secret: process.env.OIDC_SECRETO,
    redirect_uris: process.env.OIDC_REDIRECCIONES.split(','),
    post_logout_redirect_uris: process.env.OIDC_SALIDAS.split(','),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  // PKCE for every client: an authorization request without code_challenge is refused.
  pkce: { required: () => true },
  scopes: ['openid', 'run', 'name', 'email'],
  claims: { openid: ['sub'], run: ['RolUnico'], name: ['name'], email: ['email'] },
  async findAccount(_ctx, id) {
    return { accountId: id, async claims() { return personaDe(id); } };
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = pagina('Cerrar sesión en ClaveÚnica', `${form}
          <button type="submit" form="op.logoutForm" value="yes" name="logout">Cerrar sesión</button>`);
      },
    },
  },
  cookies: { keys: ['clave-solo-para-pruebas'] },
});

async function cuerpo(req) {
  let datos = '';
  for await (const trozo of req) datos += trozo;
  return new URLSearchParams(datos);
}

async function interaccion(req, res) {
  const detalle = await proveedor.interactionDetails(req, res);
  const { prompt, params, session, uid } = detalle;
  if (prompt.name === 'login' && req.method === 'GET') {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(pagina('ClaveÚnica (prueba)', `<form method="post" action="/interaction/${uid}">
      <label>RUN <input name="run" autocomplete="off"></label>
      <label>ClaveÚnica <input name="clave" type="password"></label>
      <button type="submit">Autenticar</button></form>`));
    return;
  }
  if (prompt.name === 'login') {
    const run = (await cuerpo(req)).get('run') || '';
    await proveedor.interactionFinished(req, res, { login: { accountId: run } });
    return;
  }
  // consent: ClaveÚnica does not ask; grant what the client asked for.
  const grant = new proveedor.Grant({ accountId: session.accountId, clientId: params.client_id });
  grant.addOIDCScope(params.scope);
  const grantId = await grant.save();
  await proveedor.interactionFinished(req, res, { consent: { grantId } }, {
    mergeWithLastSubmission: true,
  });
}

const atender = proveedor.callback();
const servidor = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaccion(req, res).catch((error) => {
      res.statusCode = 400;
      res.end(String(error));
    });
  } else {
    atender(req, res);
  }
});
servidor.listen(puerto, '127.0.0.1', () => console.log(`oidc listo ${emisor}`));
process.on('SIGTERM', () => servidor.close(() => process.exit(0)));
