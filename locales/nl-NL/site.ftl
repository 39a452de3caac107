# Teksten van deze site die de ingebouwde teksten van stegvis aanvullen of vervangen.
site-title = stegvis-handleiding
