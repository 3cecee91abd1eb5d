from aws_lambda_powertools.event_handler.router import APIGatewayRouter

#: The privacy part's routes and pages; services/intake/api.py includes it.
router = APIGatewayRouter()
