import pytest
pytestmark = pytest.mark.django_db

def test_probe(helsinki_manager, client_for, coordinator):
    c = client_for(helsinki_manager)
    open('/tmp/probe/list.html','w').write(c.get('/municipalities/').content.decode())
    open('/tmp/probe/map.html','w').write(c.get('/map/').content.decode())
    open('/tmp/probe/cons.html','w').write(c.get('/consortia/helmet/').content.decode())
    open('/tmp/probe/csv.txt','wb').write(c.get('/municipalities/?_export=csv').content)
    c = client_for(coordinator)
    r = c.get('/municipalities/?region=Uusimaa'); open('/tmp/probe/region.html','w').write(r.content.decode())
    open('/tmp/probe/detail.html','w').write(c.get('/municipalities/091/').content.decode())
    open('/tmp/probe/docs.html','w').write(c.get('/api/v1/docs/').content.decode())
    r = c.get('/api/v1/schema/'); open('/tmp/probe/schema.txt','wb').write(r.content); print(r['Content-Type'])
