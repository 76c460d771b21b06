// Exits 0 when the MongoDB-protocol server at argv[2] answers `hello`; used by install-tools.sh.
const { MongoClient } = require('mongodb');
const uri = process.argv[2];
MongoClient.connect(uri, { serverSelectionTimeoutMS: 1000 })
  .then(async (client) => {
    const hello = await client.db('admin').command({ hello: 1 });
    await client.close();
    if (hello.ok !== 1) process.exit(1);
    console.log(JSON.stringify({ maxWireVersion: hello.maxWireVersion }));
  })
  .catch(() => process.exit(1));
