from django.http import JsonResponse

PRODUCTS = [
    {"sku": "TEA-001", "name": "Sencha", "price": "7.50"},
    {"sku": "TEA-002", "name": "Assam", "price": "6.00"},
]


def index(request):
    return JsonResponse({"products": PRODUCTS})
