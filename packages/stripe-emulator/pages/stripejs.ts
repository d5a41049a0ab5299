import { html, type Result } from '../context.js';
import { page, type PageCtx, type Route } from '../routes.js';
import { esc } from './common.js';

/** Minimal Stripe.js shim (§10): window.Stripe with embedded checkout, confirm methods, handleNextAction and a card element. */
function shim(origin: string): string {
  return `(function(){
var ORIGIN=${JSON.stringify(origin)};
function enc(o,p,out){out=out||[];for(var k in o){if(o[k]===undefined||o[k]===null)continue;var key=p?p+'['+k+']':k;var v=o[k];if(typeof v==='object'){enc(v,key,out)}else{out.push(encodeURIComponent(key)+'='+encodeURIComponent(String(v)))}}return out.join('&')}
function call(pk,acct,method,path,params){var h={'Authorization':'Bearer '+pk,'Content-Type':'application/x-www-form-urlencoded'};if(acct)h['Stripe-Account']=acct;var q=enc(params||{});var url=ORIGIN+path+(method==='GET'&&q?'?'+q:'');return fetch(url,{method:method,headers:h,body:method==='GET'?undefined:q}).then(function(r){return r.json()})}
function idFromSecret(s){return String(s).split('_secret_')[0]}
function el(target){return typeof target==='string'?document.querySelector(target):target}
function modal(url){return new Promise(function(resolve){var wrap=document.createElement('div');wrap.setAttribute('data-testid','emu-3ds-modal');wrap.style.cssText='position:fixed;inset:0;background:#0008;z-index:2147483647;display:flex;align-items:center;justify-content:center';var f=document.createElement('iframe');f.src=url;f.name='emu-3ds';f.style.cssText='width:480px;height:520px;border:0;background:#fff;border-radius:8px';wrap.appendChild(f);document.body.appendChild(wrap);function onMsg(e){if(e.data&&e.data.type==='emu-3ds-done'){window.removeEventListener('message',onMsg);wrap.remove();resolve(e.data)}}window.addEventListener('message',onMsg)})}
function Stripe(pk,opts){if(!(this instanceof Stripe))return new Stripe(pk,opts);this._pk=pk;this._acct=opts&&opts.stripeAccount;this._card=null}
Stripe.version='endive';
var P=Stripe.prototype;
P._api=function(m,p,params){return call(this._pk,this._acct,m,p,params)};
P.initEmbeddedCheckout=P.createEmbeddedCheckoutPage=function(options){options=options||{};var self=this;var secretP=options.clientSecret?Promise.resolve(options.clientSecret):options.fetchClientSecret?Promise.resolve(options.fetchClientSecret()):Promise.reject(new Error('fetchClientSecret is required'));return secretP.then(function(secret){var frame=null;var onMsg=function(e){if(!e.data||e.source!==(frame&&frame.contentWindow))return;if(e.data.type==='emu-checkout-complete'&&options.onComplete)options.onComplete();if(e.data.type==='emu-checkout-redirect'&&options.onComplete)options.onComplete()};return{mount:function(target){var node=el(target);frame=document.createElement('iframe');frame.src=ORIGIN+'/c/embedded/'+idFromSecret(secret)+'?client_secret='+encodeURIComponent(secret);frame.setAttribute('data-testid','emu-embedded-checkout');frame.name='embedded-checkout';frame.allow='payment';frame.style.cssText='width:100%;min-height:720px;border:0';node.appendChild(frame);window.addEventListener('message',onMsg)},unmount:function(){if(frame)frame.remove();window.removeEventListener('message',onMsg)},destroy:function(){if(frame)frame.remove();window.removeEventListener('message',onMsg)}}})};
P.elements=function(){var self=this;var created={};return{create:function(type){var input=null;var e={mount:function(t){var n=el(t);input=document.createElement('input');input.setAttribute('data-testid','emu-card-input');input.placeholder='4242 4242 4242 4242';input.value='4242 4242 4242 4242';input.style.cssText='width:100%;padding:8px';n.appendChild(input)},unmount:function(){if(input)input.remove()},destroy:function(){if(input)input.remove()},on:function(){return e},update:function(){},focus:function(){if(input)input.focus()},_number:function(){return input?input.value.replace(/\\s+/g,''):'4242424242424242'}};created[type]=e;self._card=e;return e},getElement:function(type){return created[type]||null},submit:function(){return Promise.resolve({})}}};
P._pmFrom=function(data){var self=this;var pm=data&&data.payment_method;if(typeof pm==='string')return Promise.resolve(pm);var card=(pm&&pm.card)||self._card;var number=card&&card._number?card._number():'4242424242424242';return self._api('POST','/v1/payment_methods',{type:'card',card:{number:number,exp_month:12,exp_year:2034,cvc:'123'},billing_details:pm&&pm.billing_details}).then(function(r){if(r.error)throw r;return r.id})};
P._finish=function(kind,obj){var self=this;if(obj.error)return{error:obj.error};var na=obj.next_action;if(obj.status==='requires_action'&&na){var url=na.use_stripe_sdk?na.use_stripe_sdk.stripe_js:na.redirect_to_url&&na.redirect_to_url.url;return modal(url).then(function(){return self._api('GET','/v1/'+kind+'s/'+obj.id,{client_secret:obj.client_secret})}).then(function(o){if(o.status==='requires_payment_method'){var err=o.last_payment_error||o.last_setup_error;return{error:err}}var r={};r[kind==='payment_intent'?'paymentIntent':'setupIntent']=o;return r})}var res={};if(obj.status==='requires_payment_method'){return{error:obj.last_payment_error||obj.last_setup_error}}res[kind==='payment_intent'?'paymentIntent':'setupIntent']=obj;return res};
P._confirm=function(kind,secret,data){var self=this;return self._pmFrom(data).then(function(pm){return self._api('POST','/v1/'+kind+'s/'+idFromSecret(secret)+'/confirm',{client_secret:secret,payment_method:pm})}).then(function(o){return self._finish(kind,o)},function(err){return{error:err.error||{message:String(err)}}})};
P.confirmCardPayment=function(secret,data){return this._confirm('payment_intent',secret,data)};
P.confirmCardSetup=function(secret,data){return this._confirm('setup_intent',secret,data)};
P.confirmPayment=function(o){var self=this;var ret=o.confirmParams&&o.confirmParams.return_url;return this._confirm('payment_intent',o.clientSecret,{}).then(function(r){if(r.error||o.redirect==='if_required'||!ret)return r;window.location.href=ret+(ret.indexOf('?')>=0?'&':'?')+'payment_intent='+r.paymentIntent.id+'&payment_intent_client_secret='+encodeURIComponent(o.clientSecret)+'&redirect_status=succeeded';return r})};
P.confirmSetup=function(o){var ret=o.confirmParams&&o.confirmParams.return_url;return this._confirm('setup_intent',o.clientSecret,{}).then(function(r){if(r.error||o.redirect==='if_required'||!ret)return r;window.location.href=ret+(ret.indexOf('?')>=0?'&':'?')+'setup_intent='+r.setupIntent.id+'&setup_intent_client_secret='+encodeURIComponent(o.clientSecret)+'&redirect_status=succeeded';return r})};
P.handleNextAction=P.handleCardAction=function(o){var secret=typeof o==='string'?o:o.clientSecret;var kind=String(secret).indexOf('seti_')===0?'setup_intent':'payment_intent';var self=this;return self._api('GET','/v1/'+kind+'s/'+idFromSecret(secret),{client_secret:secret}).then(function(obj){return self._finish(kind,obj)})};
P.retrievePaymentIntent=function(secret){return this._api('GET','/v1/payment_intents/'+idFromSecret(secret),{client_secret:secret}).then(function(o){return o.error?{error:o.error}:{paymentIntent:o}})};
P.retrieveSetupIntent=function(secret){return this._api('GET','/v1/setup_intents/'+idFromSecret(secret),{client_secret:secret}).then(function(o){return o.error?{error:o.error}:{setupIntent:o}})};
P.registerAppInfo=function(){};P._registerWrapper=function(){};
P.createPaymentMethod=function(a,b,c){var data=typeof a==='string'?Object.assign({type:a,card:b},c||{}):a;if(data.elements&&!data.card)data.card=this._card;return this._pmFrom({payment_method:{card:data.card,billing_details:data.billing_details}}).then(function(id){return{paymentMethod:{id:id,object:'payment_method',type:'card'}}},function(err){return{error:err.error||{message:String(err)}}})};
P.createToken=function(element){var n=element&&element._number?element._number():'4242424242424242';return Promise.resolve({token:{id:'tok_visa',object:'token',type:'card',card:{last4:n.slice(-4)}}})};
window.Stripe=Stripe;
})();`;
}

function demo(c: PageCtx): Result {
  const secret = c.query.get('client_secret') ?? '';
  const pk = c.query.get('pk') ?? '';
  return html(`<!doctype html><html><head><meta charset="utf-8"><title>Embedded Checkout demo</title><script src="/js/stripe.js"></script></head>
<body><h1>Embedded demo</h1><div id="status" data-testid="demo-status">loading</div><div id="checkout"></div>
<script>
var stripe=Stripe(${JSON.stringify(pk)});
document.getElementById('status').textContent='version '+Stripe.version;
stripe.initEmbeddedCheckout({fetchClientSecret:function(){return Promise.resolve(${JSON.stringify(secret)})}${c.query.get('oncomplete') ? ",onComplete:function(){document.getElementById('status').textContent='complete'}" : ''}}).then(function(ch){ch.mount('#checkout');document.getElementById('status').textContent='mounted'});
</script><p>${esc(secret ? 'session loaded' : 'no session')}</p></body></html>`);
}

function cardDemo(c: PageCtx): Result {
  const secret = c.query.get('client_secret') ?? '';
  const pk = c.query.get('pk') ?? '';
  const setup = secret.startsWith('seti_');
  return html(`<!doctype html><html><head><meta charset="utf-8"><title>Card element demo</title><script src="/js/stripe.js"></script></head>
<body><h1>Card demo</h1><div id="card"></div><button id="pay" data-testid="demo-pay">Confirm</button><div id="status" data-testid="demo-status">ready</div>
<script>
var stripe=Stripe(${JSON.stringify(pk)});var card=stripe.elements().create('card');card.mount('#card');
document.getElementById('pay').onclick=function(){document.getElementById('status').textContent='confirming';
stripe.${setup ? 'confirmCardSetup' : 'confirmCardPayment'}(${JSON.stringify(secret)},{payment_method:{card:card}}).then(function(r){
var o=r.paymentIntent||r.setupIntent;document.getElementById('status').textContent=r.error?('error: '+(r.error.code||r.error.message)):o.status})};
</script></body></html>`);
}

export const stripeJsPages: Route[] = [
  page('GET', '/_emu/demo/card', cardDemo),
  page('GET', '/js/stripe.js', (c) => ({ kind: 'raw', status: 200, contentType: 'application/javascript; charset=utf-8', body: shim(c.emu.publicUrl) })),
  page('GET', '/v3', (c) => ({ kind: 'raw', status: 200, contentType: 'application/javascript; charset=utf-8', body: shim(c.emu.publicUrl) })),
  page('GET', '/_emu/demo/embedded', demo),
];
