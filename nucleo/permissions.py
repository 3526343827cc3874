"""Who may open each of nucleo's URLs (and Django's account URLs). See nucleo.registro."""

from nucleo.registro import AUTENTICADO, PUBLICO

ACCESOS = {
    "login": PUBLICO,
    "logout": PUBLICO,
    "password_reset": PUBLICO,
    "password_reset_done": PUBLICO,
    "password_reset_confirm": PUBLICO,
    "password_reset_complete": PUBLICO,
    "password_change": AUTENTICADO,
    "password_change_done": AUTENTICADO,
    "nucleo:inicio": AUTENTICADO,
    "nucleo:otp_configurar": AUTENTICADO,
    "nucleo:otp_desactivar": AUTENTICADO,
    "nucleo:otp_verificar": AUTENTICADO,
    # The joint offer in public (nucleo.publico): job seekers and companies, no login.
    "oferta:inicio": PUBLICO,
    "oferta:region": PUBLICO,
    "oferta:comuna": PUBLICO,
    "oferta:comuna_elegir": PUBLICO,
    "oferta:programa": PUBLICO,
    "oferta:logo": PUBLICO,
    # Load balancer and Prometheus (nucleo.salud); /metrics checks METRICS_TOKEN itself.
    "salud:vivo": PUBLICO,
    "salud:listo": PUBLICO,
    "salud:metricas": PUBLICO,
}
