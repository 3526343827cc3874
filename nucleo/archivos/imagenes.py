"""Images people upload (an institution's logo): checked by content with Pillow, never by name.

Only raster formats a browser shows safely inline: PNG, JPEG and WebP. SVG is refused (it can
carry scripts), as are animations and images too large to be a logo.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

from nucleo import formato

KB = 1024
LOGO_PESO_MAXIMO = 300 * KB
LOGO_LADO_MAXIMO = 2000  # pixels
FORMATOS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


@dataclass(frozen=True)
class Imagen:
    formato: str  # Pillow's name: "PNG", "JPEG", "WEBP"
    content_type: str
    ancho: int  # pixels
    alto: int

    @property
    def extension(self) -> str:
        return {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}[self.formato]


def validar_logo(archivo) -> Imagen:
    """The uploaded logo's format and size in pixels. Raises ValidationError (Spanish) when the
    file is empty, heavier than 300 KB, not a PNG/JPEG/WebP image, animated, damaged, or over
    2000 px on a side. Leaves the file at its start."""
    tamano = getattr(archivo, "size", 0)
    if not tamano:
        raise ValidationError("El archivo está vacío.", code="vacio")
    if tamano > LOGO_PESO_MAXIMO:
        raise ValidationError(
            f"El logo pesa {formato.numero(tamano / KB)} KB; el máximo es "
            f"{LOGO_PESO_MAXIMO // KB} KB. Guárdalo más pequeño (PNG o WebP).",
            code="tamano",
        )
    try:
        archivo.seek(0)
        with Image.open(archivo) as imagen:
            formato_pil = imagen.format
            ancho, alto = imagen.size
            animada = getattr(imagen, "is_animated", False)
            imagen.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "El archivo no es una imagen PNG, JPEG o WebP válida.", code="contenido"
        ) from error
    finally:
        archivo.seek(0)
    if formato_pil not in FORMATOS or animada:
        raise ValidationError(
            "El logo debe ser una imagen PNG, JPEG o WebP sin animación (SVG no se acepta).",
            code="formato",
        )
    if max(ancho, alto) > LOGO_LADO_MAXIMO:
        raise ValidationError(
            f"El logo mide {ancho}×{alto} píxeles; el máximo es {LOGO_LADO_MAXIMO} por lado.",
            code="dimensiones",
        )
    return Imagen(formato_pil, FORMATOS[formato_pil], ancho, alto)
