"""Every write of people management: invite, accept, change a role, deactivate; and the account
behind a ClaveÚnica sign-in. Each checks `por` through nucleo.personas.permissions."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone

from nucleo import firmas
from nucleo.archivos.imagenes import validar_logo
from nucleo.models import Institucion, Invitacion, Membresia, Usuario
from nucleo.personas import permissions, selectors
from nucleo.registro import membresia_cambiada, reasignaciones
from nucleo.servicios import actualizar_modelo, exigir
from nucleo.tareas import encolar_al_confirmar

PROPOSITO = "nucleo.invitacion"


def vigencia() -> timedelta:
    return timedelta(days=settings.INVITACION_DIAS)


def invitacion_token(invitacion: Invitacion) -> str:
    return firmas.firmar(PROPOSITO, {"i": invitacion.pk, "e": invitacion.email})


def invitacion_enlace(invitacion: Invitacion) -> str:
    ruta = reverse("nucleo:invitacion_aceptar", args=[invitacion_token(invitacion)])
    return f"{settings.SITE_URL.rstrip('/')}{ruta}"


def invitacion_de_token(token: str) -> Invitacion:
    """The invitation a signed link points to; firmas.EnlaceInvalido when it was tampered with,
    has expired, or the invitation is no longer pending."""
    datos = firmas.verificar(PROPOSITO, token, max_age_segundos=int(vigencia().total_seconds()))
    invitacion = (
        Invitacion.objects.select_related("institucion", "invitada_por")
        .filter(pk=datos.get("i"), email=datos.get("e"))
        .first()
    )
    if invitacion is None:
        raise firmas.EnlaceInvalido(firmas.MENSAJE_INVALIDO)
    if invitacion.estado == Invitacion.Estado.ACEPTADA:
        raise firmas.EnlaceInvalido("Esta invitación ya fue aceptada. Ingresa con tu cuenta.")
    if invitacion.estado == Invitacion.Estado.REVOCADA:
        raise firmas.EnlaceInvalido("Esta invitación fue anulada. Pide una nueva.")
    if not invitacion.vigente:
        raise firmas.EnlaceInvalido("La invitación venció. Pide una nueva a quien te invitó.")
    return invitacion


MENSAJE_SIN_PERMISO = "Tu rol no permite gestionar a esta persona."


def _exigir(condicion: bool) -> None:
    exigir(condicion, MENSAJE_SIN_PERMISO)


@transaction.atomic
def invitacion_crear(
    *,
    email: str,
    institucion: Institucion,
    rol: str,
    nombre: str = "",
    cargo: str = "",
    por: Usuario,
) -> Invitacion:
    """Invites `email` to `institucion` with `rol` and e-mails the signed link. A pending
    invitation for the same person, institution and role is renewed instead of repeated."""
    _exigir(permissions.puede_invitar(por, institucion, rol))
    email = email.strip().lower()
    if Membresia.objects.filter(
        usuario__email__iexact=email, institucion=institucion, rol=rol, activa=True
    ).exists():
        raise ValidationError("Esa persona ya tiene ese rol en la institución.")
    invitacion = Invitacion.objects.filter(
        email__iexact=email, institucion=institucion, rol=rol, estado=Invitacion.Estado.PENDIENTE
    ).first() or Invitacion(email=email, institucion=institucion, rol=rol)
    invitacion.nombre = nombre.strip()
    invitacion.cargo = cargo.strip()
    invitacion.invitada_por = por
    invitacion.expira_at = timezone.now() + vigencia()
    invitacion.full_clean()
    invitacion._history_user = por
    invitacion.save()
    from nucleo.personas import tasks

    encolar_al_confirmar(tasks.enviar_invitacion, invitacion.pk)
    return invitacion


@transaction.atomic
def invitacion_revocar(*, invitacion: Invitacion, por: Usuario) -> Invitacion:
    _exigir(permissions.puede_invitar(por, invitacion.institucion, invitacion.rol))
    if invitacion.estado != Invitacion.Estado.PENDIENTE:
        raise ValidationError("Solo se puede anular una invitación pendiente.")
    invitacion.estado = Invitacion.Estado.REVOCADA
    invitacion._history_user = por
    invitacion.save(update_fields=["estado"])
    return invitacion


@transaction.atomic
def invitacion_aceptar(*, invitacion: Invitacion, usuario: Usuario) -> Membresia:
    """Gives `usuario` the invited role. The invitation row is locked: a link used twice at the
    same moment makes one membership."""
    invitacion = Invitacion.objects.select_for_update().get(pk=invitacion.pk)
    if not invitacion.vigente:
        raise ValidationError("La invitación ya no está vigente. Pide una nueva.")
    membresia, _ = Membresia.objects.get_or_create(
        usuario=usuario,
        institucion=invitacion.institucion,
        rol=invitacion.rol,
        defaults={"cargo": invitacion.cargo},
    )
    if not membresia.activa:
        membresia.activa = True
        membresia._history_user = usuario
        membresia.save(update_fields=["activa"])
    if not usuario.is_active:
        usuario.is_active = True
        usuario.save(update_fields=["is_active"])
    invitacion.estado = Invitacion.Estado.ACEPTADA
    invitacion.aceptada_por = usuario
    invitacion.aceptada_at = timezone.now()
    invitacion._history_user = usuario
    invitacion.save(update_fields=["estado", "aceptada_por", "aceptada_at"])
    membresia_cambiada(membresia)
    return membresia


@transaction.atomic
def cuenta_crear_por_invitacion(
    *,
    invitacion: Invitacion,
    username: str,
    first_name: str,
    last_name: str,
    password: str | None,
    run: str | None = None,
) -> Usuario:
    """A new account from an invitation: with a password, or (password None) for ClaveÚnica."""
    username = username.strip()
    if Usuario.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": "Ese nombre de usuario ya existe: elige otro o ingresa con tu cuenta."}
        )
    usuario = Usuario(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=invitacion.email,
        run=run,
    )
    if password is None:
        usuario.set_unusable_password()
    else:
        try:
            validate_password(password, usuario)
        except ValidationError as error:
            raise ValidationError({"password1": error.messages}) from None
        usuario.set_password(password)
    usuario.full_clean(exclude=["password"])
    usuario.save()
    invitacion_aceptar(invitacion=invitacion, usuario=usuario)
    return usuario


@transaction.atomic
def claveunica_ingresar(
    *, run: str, nombres: str = "", apellidos: str = "", invitacion: Invitacion | None
) -> Usuario:
    """The account of a person ClaveÚnica vouched for: found by RUN; on the first sign-in through
    a pending invitation, the invitation's account (created if needed) gets the RUN."""
    usuario = Usuario.objects.filter(run=run).first()
    if invitacion is not None and invitacion.vigente:
        if usuario is None:
            usuario = cuenta_crear_por_invitacion(
                invitacion=invitacion,
                username=_username_libre(invitacion.email),
                first_name=nombres,
                last_name=apellidos,
                password=None,
                run=run,
            )
        else:
            invitacion_aceptar(invitacion=invitacion, usuario=usuario)
    if usuario is None:
        raise ValidationError(
            "Tu RUN no tiene una cuenta en Mesas Intersectoriales. Pide una invitación a la "
            "articulación regional de SENCE o a la OMIL de tu comuna."
        )
    return usuario


def _username_libre(email: str) -> str:
    base = email.lower()[:140]
    candidato, n = base, 1
    while Usuario.objects.filter(username__iexact=candidato).exists():
        n += 1
        candidato = f"{base}-{n}"
    return candidato


@transaction.atomic
def membresia_cambiar_rol(*, membresia: Membresia, rol: str, por: Usuario) -> Membresia:
    _exigir(permissions.puede_gestionar_membresia(por, membresia))
    _exigir(rol in permissions.roles_asignables(por, membresia.institucion))
    if rol == membresia.rol:
        return membresia
    if (
        Membresia.objects.filter(
            usuario=membresia.usuario, institucion=membresia.institucion, rol=rol
        )
        .exclude(pk=membresia.pk)
        .exists()
    ):
        raise ValidationError("La persona ya tiene ese rol en la institución.")
    membresia.rol = rol
    membresia.full_clean()
    membresia._history_user = por
    membresia.save(update_fields=["rol"])
    membresia_cambiada(membresia)
    return membresia


@transaction.atomic
def omil_ajustar(
    *, institucion: Institucion, aprobacion_comunal: bool, por: Usuario
) -> Institucion:
    """The comuna's choice: its plan goes to the communal authority before SENCE."""
    _exigir(permissions.puede_ajustar_omil(por, institucion))
    actualizar_modelo(
        instancia=institucion, datos={"aprobacion_comunal": aprobacion_comunal}, por=por
    )
    return institucion


@transaction.atomic
def institucion_actualizar(
    *,
    institucion: Institucion,
    version: int | None = None,
    publica: bool,
    direccion: str,
    telefono: str,
    email: str,
    horario: str,
    mapa_url: str,
    contacto_cargo: str,
    contacto_nombre: str,
    contacto_email: str,
    contacto_telefono: str,
    logo=None,
    por: Usuario,
) -> Institucion:
    """An institution's public data, as the public offer (/oferta/) shows it when `publica`:
    the office's address, phone, e-mail, hours and map link, and the contact role it chooses to
    publish (a role; a name only with the person's consent). `version` is the lock version the
    form was filled from (ConflictoDeEdicion if it moved). Raises PermissionDenied without
    permissions.puede_editar_institucion, ValidationError on a contact with no role.

    `logo`: None (or the stored file, as a form hands it back) keeps it, False removes it, an
    uploaded file replaces it after nucleo.archivos.imagenes.validar_logo (PNG/JPEG/WebP,
    ≤ 300 KB, ≤ 2000 px). Replaced files stay in storage: the history names them."""
    _exigir(permissions.puede_editar_institucion(por, institucion))
    datos = {
        "publica": publica,
        "direccion": direccion,
        "telefono": telefono,
        "email": email,
        "horario": horario,
        "mapa_url": mapa_url,
        "contacto_cargo": contacto_cargo,
        "contacto_nombre": contacto_nombre,
        "contacto_email": contacto_email,
        "contacto_telefono": contacto_telefono,
    }
    datos = {c: v.strip() if isinstance(v, str) else v for c, v in datos.items()}
    if logo is False:
        datos["logo"] = ""
    elif logo is not None and not isinstance(logo, FieldFile):
        try:
            imagen = validar_logo(logo)
        except ValidationError as error:
            raise ValidationError({"logo": error.messages}) from error
        # Stored under the extension of what it is, whatever the uploaded name said.
        logo.name = f"logo.{imagen.extension}"
        datos["logo"] = logo
    actualizar_modelo(instancia=institucion, datos=datos, version=version, por=por)
    return institucion


def pendientes_de(membresia: Membresia) -> list[tuple[str, int]]:
    """What the person leaves open in this institution: (label, how many), only non-zero."""
    usuario, institucion = membresia.usuario, membresia.institucion
    filas = [
        ("invitaciones pendientes que envió", _invitaciones_enviadas(usuario, institucion).count())
    ]
    filas += [(r.etiqueta, r.contar(usuario, institucion)) for r in reasignaciones()]
    return [(etiqueta, n) for etiqueta, n in filas if n]


def _invitaciones_enviadas(usuario: Usuario, institucion: Institucion):
    return Invitacion.objects.filter(
        invitada_por=usuario,
        estado=Invitacion.Estado.PENDIENTE,
        institucion__region_id=institucion.region_id,
    )


@transaction.atomic
def membresia_desactivar(
    *, membresia: Membresia, reemplazo: Usuario | None, por: Usuario
) -> dict[str, int]:
    """Takes the person out of the institution. What they leave open passes to `reemplazo`, a
    colleague of the same institution. With no active role left, the account is deactivated:
    every session of theirs ends at its next request (the auth backends refuse inactive users).
    Their past actions stay in the history. Returns what was moved, by label."""
    _exigir(permissions.puede_gestionar_membresia(por, membresia))
    usuario, institucion = membresia.usuario, membresia.institucion
    if usuario.pk == por.pk:
        raise ValidationError("No puedes desactivarte a ti mismo: pídeselo a otra persona.")
    if not membresia.activa:
        raise ValidationError("Esta persona ya está desactivada en la institución.")
    colegas = selectors.colegas(membresia)
    if reemplazo is not None and not colegas.filter(pk=reemplazo.pk).exists():
        raise ValidationError({"reemplazo": "Elige a una persona activa de la misma institución."})
    pendientes = pendientes_de(membresia)
    if pendientes and reemplazo is None and colegas.exists():
        raise ValidationError(
            {"reemplazo": "Elige a quién pasan sus pendientes: "
             + ", ".join(f"{n} {etiqueta}" for etiqueta, n in pendientes) + "."}
        )  # fmt: skip
    movidos: dict[str, int] = {}
    if reemplazo is not None:
        invitaciones = list(_invitaciones_enviadas(usuario, institucion))
        for invitacion in invitaciones:
            invitacion.invitada_por = reemplazo
            invitacion._history_user = por
            invitacion.save(update_fields=["invitada_por"])
        movidos["invitaciones pendientes que envió"] = len(invitaciones)
        for r in reasignaciones():
            movidos[r.etiqueta] = r.reasignar(
                de=usuario, a=reemplazo, institucion=institucion, por=por
            )
    membresia.activa = False
    membresia._history_user = por
    membresia.save(update_fields=["activa"])
    membresia_cambiada(membresia)
    if not usuario.membresias.filter(activa=True).exists() and usuario.is_active:
        usuario.is_active = False
        usuario.save(update_fields=["is_active"])
    return {etiqueta: n for etiqueta, n in movidos.items() if n}
