"""Admin API under `/_sandbox/`, a prefix no Coupang path uses; it is unsigned."""

from aiohttp import web

ADMIN_PREFIX = "/_sandbox/"

routes = web.RouteTableDef()
