# Texter för den här webbplatsen som kompletterar eller ersätter de inbyggda texterna i stegvis.
site-title = stegvis-handbok
